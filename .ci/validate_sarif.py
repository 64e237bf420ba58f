"""Validates a SARIF log against the SARIF 2.1.0 JSON Schema and checks it lists the rules."""
import json
import sys

import jsonschema

schema_path, log_path = sys.argv[1], sys.argv[2]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
with open(log_path, encoding="utf-8") as f:
    log = json.load(f)
jsonschema.validate(log, schema)
runs = log["runs"]
assert runs and runs[0]["tool"]["driver"]["rules"], "no rules in the log"
notifications = sum(
    len(i.get("toolExecutionNotifications", [])) for i in runs[0].get("invocations", [])
)
print(
    f"{log_path}: valid SARIF 2.1.0, {len(runs[0]['results'])} results, "
    f"{notifications} notifications"
)
