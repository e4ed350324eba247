"""Helpers shared by several scoring projects (kept outside any one project folder)."""
import json
import logging
import time

logger = logging.getLogger("alice.common")


def parse_request(raw_data):
    """Accept either {"data": [...]} or a bare list."""
    payload = json.loads(raw_data)
    if isinstance(payload, dict):
        return payload["data"]
    return payload


def timed(fn):
    def wrapper(*args, **kwargs):
        start = time.time()
        try:
            return fn(*args, **kwargs)
        finally:
            logger.info("%s took %.1f ms", fn.__name__, (time.time() - start) * 1000.0)
    return wrapper
