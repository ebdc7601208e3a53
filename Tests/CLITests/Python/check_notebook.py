"""Validates a notebook against nbformat 4 and executes it; prints what it ran as JSON.

Exit status 0 when the notebook is valid and every cell ran, 1 otherwise.
"""
import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def main(path: str) -> int:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(Path(path).parent)}})
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    tables = [o["data"]["text/plain"] for o in outputs
              if o.get("output_type") == "execute_result" and "text/plain" in o.get("data", {})]
    print(json.dumps({"nbformat": notebook.nbformat, "cells": len(notebook.cells), "images": len(images),
                      "errors": len(errors), "stdout": text, "tables": tables}))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
