#!/usr/bin/env python3
"""Generates the benchmark's deterministic domain data.

Each service ships only its own data: users.json (user-service), sites.json (site-service),
robots.json, telemetry.json and alerts.json (robot-service). A fixed seed makes every run of
this script produce byte-identical files, so benchmark runs on any machine see the same data.
Re-run it only to change the data set: `python3 tools/generate_data.py`.
"""
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20261126
USERS = 100
SITES = 5
ROBOTS_PER_SITE = 40
BASE_TIME = datetime(2026, 11, 1, tzinfo=timezone.utc)

FIRST_NAMES = ["Ada", "Ben", "Chloe", "Dae", "Eun", "Farah", "Gil", "Hana", "Ivan", "Jin",
               "Kai", "Lena", "Min", "Noor", "Oscar", "Pia", "Quinn", "Rui", "Seo", "Tomas"]
LAST_NAMES = ["Kim", "Park", "Lee", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim",
              "Han", "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong"]
ROLES = ["OPERATOR", "OPERATOR", "OPERATOR", "SUPERVISOR", "TECHNICIAN"]
SITE_DEFS = [("Seoul Logistics Hub", "Seoul", "KR", 37.5665, 126.9780),
             ("Busan Port Terminal", "Busan", "KR", 35.1796, 129.0756),
             ("Incheon Airport Cargo", "Incheon", "KR", 37.4602, 126.4407),
             ("Daejeon Research Plant", "Daejeon", "KR", 36.3504, 127.3845),
             ("Gwangju Assembly Line", "Gwangju", "KR", 35.1595, 126.8526)]
MODELS = ["AMR-200", "AMR-350", "ArmX-6", "Picker-9", "Sweeper-2"]
STATUSES = ["ACTIVE", "ACTIVE", "ACTIVE", "IDLE", "CHARGING", "MAINTENANCE", "ERROR"]


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def users(rng):
    result = []
    for user_id in range(1, USERS + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        result.append({"id": user_id, "name": f"{first} {last}",
                       "email": f"{first.lower()}.{last.lower()}{user_id}@robots.example",
                       "role": rng.choice(ROLES), "phone": f"+82-10-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                       "createdAt": iso(BASE_TIME - timedelta(days=rng.randint(30, 900)))})
    return result


def sites():
    return [{"id": site_id, "name": name, "city": city, "country": country,
             "latitude": lat, "longitude": lon, "timezone": "Asia/Seoul"}
            for site_id, (name, city, country, lat, lon) in enumerate(SITE_DEFS, start=1)]


def robots(rng):
    # Operators are drawn with a skew (low ids more often) so "top operators" has a clear order.
    weights = [1.0 / (1 + (user_id - 1) // 10) for user_id in range(1, USERS + 1)]
    result = []
    for robot_id in range(1, SITES * ROBOTS_PER_SITE + 1):
        result.append({"id": robot_id, "name": f"RB-{robot_id:04d}", "model": rng.choice(MODELS),
                       "status": rng.choice(STATUSES), "siteId": (robot_id - 1) // ROBOTS_PER_SITE + 1,
                       "operatorId": rng.choices(range(1, USERS + 1), weights)[0],
                       "firmware": f"{rng.randint(1, 4)}.{rng.randint(0, 9)}.{rng.randint(0, 20)}",
                       "installedAt": iso(BASE_TIME - timedelta(days=rng.randint(10, 700)))})
    return result


def telemetry(rng, robot_list):
    return [{"robotId": robot["id"], "cpu": round(rng.uniform(5, 99), 1),
             "memory": round(rng.uniform(10, 95), 1), "battery": round(rng.uniform(3, 100), 1),
             "temperature": round(rng.uniform(25, 85), 1),
             "timestamp": iso(BASE_TIME + timedelta(seconds=robot["id"] * 37))}
            for robot in robot_list]


def alerts(readings):
    """Alerts follow from the latest telemetry by fixed thresholds."""
    rules = [("battery", lambda v: v < 10, "CRITICAL", "Battery critically low: {v}%"),
             ("battery", lambda v: 10 <= v < 20, "WARNING", "Battery low: {v}%"),
             ("temperature", lambda v: v > 80, "CRITICAL", "Overheating: {v} C"),
             ("temperature", lambda v: 75 < v <= 80, "WARNING", "Temperature high: {v} C"),
             ("cpu", lambda v: v > 95, "WARNING", "CPU saturated: {v}%")]
    result = []
    for reading in readings:
        for offset, (field, matches, severity, message) in enumerate(rules):
            value = reading[field]
            if matches(value):
                moment = datetime.strptime(reading["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
                result.append({"id": len(result) + 1, "robotId": reading["robotId"], "severity": severity,
                               "message": message.format(v=value), "timestamp": iso(moment + timedelta(seconds=offset))})
    return result


def write(path, payload):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=1) + "\n")
    print(f"wrote {path} ({len(payload)} records)")


def main():
    root = Path(__file__).resolve().parent.parent
    rng = random.Random(SEED)
    user_list, site_list, robot_list = users(rng), sites(), robots(rng)
    readings = telemetry(rng, robot_list)
    write(root / "user-service/src/main/resources/data/users.json", user_list)
    write(root / "site-service/src/main/resources/data/sites.json", site_list)
    robot_data = root / "robot-service/src/main/resources/data"
    write(robot_data / "robots.json", robot_list)
    write(robot_data / "telemetry.json", readings)
    write(robot_data / "alerts.json", alerts(readings))


if __name__ == "__main__":
    main()
