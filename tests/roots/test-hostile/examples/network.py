# Reaches a listener of the host on 127.0.0.1, and an abstract Unix socket of the host.
import socket

for name, family, address in (
    ("127.0.0.1", socket.AF_INET, ("127.0.0.1", HOSTILE_PORT)),
    ("abstract socket", socket.AF_UNIX, "\0hostile-mark-socket"),
):
    with socket.socket(family, socket.SOCK_STREAM) as connection:
        connection.settimeout(5)
        try:
            connection.connect(address)
            print(name, "connected")
        except OSError as error:
            print(name, "refused:", error.strerror)
