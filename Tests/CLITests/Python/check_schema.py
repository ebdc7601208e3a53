"""Checks the JSON Schema itself, then each scenario file against it.

Prints one line per file, "valid FILE" or "invalid FILE: MESSAGE"; exit status 0 when every file is valid.
"""
import json
import sys

import jsonschema
import yaml


def main(schema_path: str, files: list[str]) -> int:
    with open(schema_path) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    status = 0
    for name in files:
        with open(name) as f:
            document = yaml.safe_load(f)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if errors:
            status = 1
            where = "/".join(str(p) for p in errors[0].absolute_path)
            print(f"invalid {name}: {where}: {errors[0].message}")
        else:
            print(f"valid {name}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
