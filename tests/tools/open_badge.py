"""Verifies an Open Badges 3.0 credential issued by Cursus with an independent
implementation: openbadgeslib's OB3Verifier (PyJWT and cryptography
underneath), which checks the VC-JWT's EdDSA signature, the registered claims
against the credential, its structure and @context, and fetches the Bitstring
Status List (itself a signed VC-JWT) to say whether it was revoked.

The issuer's key is taken from the JWK set it publishes at
/.well-known/jwks.json, chosen by the token's `kid`, never from the token.

usage: open_badge.py FILE PUBLIC_BASE REACHABLE_BASE [--tamper]
  FILE            the downloaded .json (EnvelopedVerifiableCredential) or .png
  PUBLIC_BASE     the base URL the credential names (e.g. http://cursus.test)
  REACHABLE_BASE  where that server answers in the test (http://127.0.0.1:port)
  --tamper        change the credential's name before verifying
Prints a JSON object: verified, error, and what the credential says.
"""
import base64
import json
import sys
import urllib.request

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from openbadgeslib.ob3 import OB3Verifier, OB3VerificationError

ENVELOPE = "data:application/vc+jwt,"


def b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main() -> None:
    path, public, reachable = sys.argv[1:4]
    tamper = "--tamper" in sys.argv[4:]

    def fetch(url: str) -> bytes:
        # The credential names its public address; the test server answers here.
        assert url.startswith(public), url
        with urllib.request.urlopen(reachable + url[len(public):], timeout=10) as response:
            return response.read()

    raw = open(path, "rb").read()
    if raw.startswith(b"\x89PNG"):
        token = OB3Verifier.extract_token_from_png(raw)
    else:
        document = json.loads(raw)
        assert document["type"] == "EnvelopedVerifiableCredential", document
        assert document["id"].startswith(ENVELOPE), document["id"][:40]
        token = document["id"][len(ENVELOPE):]

    header_b64, payload_b64, signature = token.split(".")
    header = json.loads(b64url_decode(header_b64))
    if tamper:
        payload = json.loads(b64url_decode(payload_b64))
        payload["name"] = payload["name"] + " (modifié)"
        token = ".".join([header_b64, b64url_encode(json.dumps(payload).encode()), signature])

    keys = json.loads(fetch(public + "/.well-known/jwks.json"))["keys"]
    jwk = next(k for k in keys if k["kid"] == header["kid"])
    assert (jwk["kty"], jwk["crv"]) == ("OKP", "Ed25519"), jwk
    assert header.get("jwk", {}).get("x") == jwk["x"], "the key in the header is the published one"
    pem = Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"])).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )

    result = {"verified": False, "error": None, "header": header}
    try:
        credential = OB3Verifier(pubkey_pem=pem).verify(token, check_status=True, verify_status_list=True, download=fetch)
        result.update(
            verified=True,
            name=credential.name,
            issuer={"id": credential.issuer.id, "name": credential.issuer.name},
            achievement={
                "id": credential.achievement.id,
                "name": credential.achievement.name,
                "type": credential.achievement.achievement_type,
                "criteria": credential.achievement.criteria_narrative,
            },
            identifiers=[
                {"type": i.identity_type, "hashed": i.hashed, "hash": i.identity_hash, "salt": i.salt} for i in credential.identifiers
            ],
            valid_from=credential.issuance_date.isoformat(),
        )
    except OB3VerificationError as error:
        result["error"] = str(error)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
