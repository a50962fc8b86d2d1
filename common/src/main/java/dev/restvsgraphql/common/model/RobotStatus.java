package dev.restvsgraphql.common.model;

/** Operating state of a robot. */
public enum RobotStatus {
    ACTIVE, IDLE, CHARGING, MAINTENANCE, ERROR
}
