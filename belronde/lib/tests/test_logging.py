import json
import logging

from belronde.lib import requestid
from belronde.lib.logging import JsonFormatter, RequestIdFilter


def test_log_lines_are_json_with_the_request_id():
    record = logging.LogRecord("belronde", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    requestid.bind("rid-0000000001")
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert data["message"] == "hello world"
    assert data["request_id"] == "rid-0000000001"
    assert data["level"] == "INFO"
    assert "\n" not in line
