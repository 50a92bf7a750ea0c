#!/usr/bin/env python3
"""Reading a secret from Python through the vaultfile CLI.

    python3 read_secret.py prod/db/password    prints the value, as `vaultfile get` does

subprocess with an argument list (no shell), and `--json`, which returns binary
values base64-encoded and reports errors as JSON on standard error.
"""
import base64
import json
import subprocess
import sys
from typing import Optional


class VaultfileError(Exception):
    def __init__(self, code: str, message: str, hint: Optional[str], exit_code: int):
        super().__init__(f"{message} ({code})")
        self.code, self.hint, self.exit_code = code, hint, exit_code


def get_secret(path: str, cwd: Optional[str] = None) -> bytes:
    """The value of one secret, as bytes (decode text values with .decode())."""
    result = subprocess.run(["vaultfile", "get", path, "--json"], capture_output=True, cwd=cwd)
    if result.returncode != 0:
        error = json.loads(result.stderr)["error"]
        raise VaultfileError(error["code"], error["message"], error.get("hint"), result.returncode)
    secret = json.loads(result.stdout)
    return base64.b64decode(secret["value"]) if secret["encoding"] == "base64" else secret["value"].encode()


if __name__ == "__main__":
    try:
        sys.stdout.buffer.write(get_secret(sys.argv[1]))
    except VaultfileError as error:
        print(f"{error}; {error.hint}", file=sys.stderr)
        sys.exit(error.exit_code)
