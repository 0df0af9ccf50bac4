"""Start the test OIDC provider:
`python -m tests.oidc_provider.serve PORT PEOPLE.json CLIENTS.json`.

PEOPLE.json lists who may sign in at the provider: [{"username", "password", "claims"}].
CLIENTS.json lists the registered clients: [{"client_id", "client_secret", "redirect_uris"}].
The database is made new at each start; the RSA signing key is made new too.
"""

import json
import os
import sys
import tempfile


def main(port: int, people_path: str, clients_path: str) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    workdir = tempfile.mkdtemp(prefix="oidc-provider-")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    os.environ["OIDC_PROVIDER_RSA_KEY"] = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    os.environ["OIDC_PROVIDER_DB"] = os.path.join(workdir, "provider.sqlite3")
    os.environ["OIDC_PROVIDER_PEOPLE"] = people_path
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    with open(people_path, encoding="utf-8") as people:
        for person in json.load(people):
            get_user_model().objects.create_user(
                username=person["username"], password=person["password"]
            )
    with open(clients_path, encoding="utf-8") as clients:
        for client in json.load(clients):
            Application.objects.create(
                name=client["client_id"],
                client_id=client["client_id"],
                client_secret=client["client_secret"],
                redirect_uris=" ".join(client["redirect_uris"]),
                client_type=Application.CLIENT_CONFIDENTIAL,
                authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
                algorithm=Application.RS256_ALGORITHM,
                skip_authorization=True,
            )
    print("ready", flush=True)
    run("127.0.0.1", port, get_wsgi_application(), threading=True, server_cls=WSGIServer)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3])
