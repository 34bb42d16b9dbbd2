# Test client run inside a network namespace. Exit 0 on success; prints what it measured.
import socket, struct, sys, time

mode = sys.argv[1]
if mode == "tcp":
    host, port, timeout = sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    try:
        s = socket.create_connection((host, port), timeout=timeout)
        s.sendall(b"ping\n")
        ok = s.recv(16) == b"ping\n"
        sys.exit(0 if ok else 1)
    except OSError as e:
        print(e)
        sys.exit(1)
elif mode == "udp":
    host, port, count, timeout = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(count):
        try:
            s.sendto(struct.pack(">I", i), (host, port))
        except OSError:
            pass  # a packet dropped on output fails the send with EPERM: it is lost
        time.sleep(0.001)
    seen = set()
    s.settimeout(timeout)
    try:
        while len(seen) < count:
            data, _ = s.recvfrom(64)
            seen.add(data)
    except socket.timeout:
        pass
    print(len(seen))
    sys.exit(0)
elif mode == "dns":
    server, name, timeout = sys.argv[2], sys.argv[3], float(sys.argv[4])
    qname = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    query = b"\x12\x34\x01\x00" + struct.pack(">HHHH", 1, 0, 0, 0) + qname + struct.pack(">HH", 1, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        s.sendto(query, (server, 53))
        reply, _ = s.recvfrom(512)
    except OSError as e:
        print(e)
        sys.exit(1)
    print(socket.inet_ntoa(reply[-4:]))
    sys.exit(0 if reply[:2] == b"\x12\x34" else 1)
elif mode == "bulk":
    host, port, size = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    s = socket.create_connection((host, port), timeout=30)
    start = time.monotonic()
    s.sendall(b"bulk %d\n" % size)
    block = b"x" * 65536
    left = size
    while left > 0:
        n = min(left, len(block))
        s.sendall(block[:n])
        left -= n
    s.recv(16)
    print("%.3f" % (time.monotonic() - start))
