# Twin of dev.weft.samples.Fetching: the overview's gather of three fetches, each asking a server on
# 127.0.0.1 on a connection of its own, at most two at a time. PythonTwinsTest checks that it prints
# what Fetching prints (the list as Java prints one).
import asyncio


async def serve(reader, writer):
    name, delay = (await reader.readline()).decode().split()
    await asyncio.sleep(int(delay) / 1000)
    writer.write(f"{name} data\n".encode())
    writer.close()
    await writer.wait_closed()


async def fetch_data(connections, port, name, delay):
    async with connections:
        print(f"Fetching {name}...")
        reader, writer = await asyncio.open_connection('127.0.0.1', port)
        try:
            writer.write(f"{name} {delay}\n".encode())
            return (await reader.readline()).decode().rstrip("\n")
        finally:
            writer.close()
            await writer.wait_closed()


async def main():
    server = await asyncio.start_server(serve, '127.0.0.1', 0)
    connections = asyncio.Semaphore(2)  # Max 2 concurrent
    async with server:
        port = server.sockets[0].getsockname()[1]
        results = await asyncio.gather(
            fetch_data(connections, port, "users", 200),
            fetch_data(connections, port, "posts", 100),
            fetch_data(connections, port, "comments", 300))
        print(f"[{', '.join(results)}]")  # All three complete in ~400 ms: two at a time

asyncio.run(main())
