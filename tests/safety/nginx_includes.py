"""NGINX configuration text as NGINX reads it: each `include FILE;` replaced by FILE (relative to
the including file's folder, as NGINX resolves it for a configuration given with -c), indented as
the include line. gateway/nginx/nginx.conf (local) and compose.conf (docker-compose.yml) keep
their addresses and paths and include the routes and settings both modes share."""
import re
from pathlib import Path


def with_includes(path: Path) -> str:
    def inline(match):
        included = with_includes(path.parent / match[2])
        return "\n".join(match[1] + line if line else line for line in included.splitlines())
    return re.sub(r"^([ \t]*)include\s+(\S+);[ \t]*$", inline, path.read_text(), flags=re.M)
