# expect: runtime_error
# Name resolution.
import socket

socket.getaddrinfo("pypi.org", 443)
model = correct_model()
