"""Reads the seal of a scanned Cursus QR code with independent libraries
(cbor2 for CBOR, cryptography for Ed25519), not with Cursus's own code.

usage: qr_seal.py QR_TEXT KEY_SET_JSON_FILE
prints the seal's fields as JSON, with "verified": whether the signature
holds under the published key the seal names.
"""
import base64
import json
import sys

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def main():
    text, key_set_path = sys.argv[1], sys.argv[2]
    # {base}/V/{seal}: the seal is what follows the last slash.
    seal = text.rstrip("/").rsplit("/", 1)[1]
    raw = base64.b32decode(seal + "=" * (-len(seal) % 8))
    message, signature = raw[:-64], raw[-64:]
    v, code, kind, holder, what, hours, issued_on, kid_bytes = cbor2.loads(message)
    kid = kid_bytes.hex()
    with open(key_set_path, encoding="utf-8") as f:
        keys = {k["key_id"]: k["public_key"] for k in json.load(f)["keys"]}
    verified = False
    if kid in keys:
        try:
            Ed25519PublicKey.from_public_bytes(b64url(keys[kid])).verify(signature, message)
            verified = True
        except InvalidSignature:
            pass
    print(json.dumps({
        "v": v, "code": code, "kind": kind, "holder": holder, "what": what,
        "hours": hours, "issued_on": issued_on, "kid": kid, "verified": verified,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
