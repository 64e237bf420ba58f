"""Validates every standard and culture file of a project against `csstd schema`.

usage: validate_files.py CSSTD_BINARY PROJECT_DIR
"""
import datetime
import json
import pathlib
import subprocess
import sys
import tomllib

import jsonschema
import yaml

binary, root = sys.argv[1], pathlib.Path(sys.argv[2])


def schema(kind):
    return json.loads(subprocess.run([binary, "schema", kind], check=True, capture_output=True, text=True).stdout)


def plain(value):
    """TOML and YAML dates become YYYY-MM-DD strings, as csstd reads them."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


checked = 0
for kind, folder, patterns in [("base", "standards", ["*.toml"]), ("overlay", "cultures", ["*.toml", "*.yaml", "*.yml"])]:
    validator = jsonschema.Draft202012Validator(schema(kind))
    for pattern in patterns:
        for path in sorted((root / folder).glob(pattern)):
            with open(path, "rb") as f:
                data = tomllib.load(f) if path.suffix == ".toml" else yaml.safe_load(f)
            errors = list(validator.iter_errors(plain(data)))
            for e in errors:
                print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
            if errors:
                sys.exit(1)
            checked += 1
manifest = root / "csstd.toml"
if manifest.exists():
    with open(manifest, "rb") as f:
        jsonschema.validate(plain(tomllib.load(f)), schema("manifest"))
    checked += 1
print(f"{root}: {checked} files valid against csstd schema")
