"""RSA signing keys of the platform, as PEM for lti1p3platform and as a JWK for the key set."""

from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lti1p3platform.registration import Registration


@dataclass(frozen=True)
class SigningKey:
    private_pem: str
    public_pem: str

    @classmethod
    def generate(cls) -> "SigningKey":
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        private_pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        public_pem = private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return cls(private_pem.decode(), public_pem.decode())

    @property
    def jwk(self) -> dict:
        # lti1p3platform's kid is the key's RFC 7638 thumbprint, so a new key has a new kid.
        return Registration.get_jwk(self.public_pem)

    @property
    def kid(self) -> str:
        return self.jwk["kid"]
