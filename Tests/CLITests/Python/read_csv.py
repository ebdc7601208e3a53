"""Reads CSV files with pandas, every cell as the text it holds, and prints them as JSON.

Prints {"FILE": {"header": [...], "rows": [[...], ...]}, ...}. Cells are read as strings with
pandas' guesses of missing values off, so "NA", "01" or "'=cmd" come back exactly as written.
"""
import json
import sys

import pandas as pd


def main(paths):
    tables = {}
    for path in paths:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        tables[path] = {"header": [str(c) for c in frame.columns], "rows": frame.values.tolist()}
    print(json.dumps(tables))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
