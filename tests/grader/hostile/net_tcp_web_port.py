# expect: runtime_error
# The site's own port on loopback.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(1)
s.connect(("127.0.0.1", 8000))
model = correct_model()
