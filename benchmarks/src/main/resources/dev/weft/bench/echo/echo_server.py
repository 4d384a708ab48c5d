"""The CPython asyncio contender of the TCP echo workload: asyncio's own streams on one loop.

Usage: echo_server.py [BACKLOG [CERT_PEM KEY_PEM]]; with a certificate and key it serves TLS
(asyncio's ssl=), the contender of the TLS echo workload.

Speaks the side channel of dev.weft.bench.echo.ServerControl on stdin/stdout (its answers are
given by a thread that sleeps in a read between questions); heap is not measured here (HEAP -1).
"""
import asyncio
import os
import ssl
import sys
import threading
import time

BACKLOG = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
TLS = None
if len(sys.argv) > 3:
    TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    TLS.load_cert_chain(sys.argv[2], sys.argv[3])
open_connections = 0


async def echo(reader, writer):
    global open_connections
    open_connections += 1
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        open_connections -= 1
        writer.close()


def reply(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def answer():
    for line in sys.stdin:
        command = line.strip()
        if command == "cpu":
            reply(f"CPU {time.process_time_ns()}")
        elif command == "heap":
            reply("HEAP -1")
        elif command == "conns":
            reply(f"CONNS {open_connections}")
        elif command == "fds":
            reply("FDS -1 -1")
        elif command == "quit":
            break
        else:
            reply(f"ERROR unknown command {command}")
    os._exit(0)  # the driver has gone or said quit: so does the server


async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0, backlog=BACKLOG, ssl=TLS)
    reply(f"PORT {server.sockets[0].getsockname()[1]}")
    threading.Thread(target=answer, daemon=True).start()
    await server.serve_forever()


asyncio.run(main())
