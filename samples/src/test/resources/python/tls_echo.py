# Twin of dev.weft.samples.TlsEcho: a TLS echo server on 127.0.0.1 with a self-signed certificate
# made at the start (the openssl command; TlsEcho uses the JDK's keytool) in a temporary directory
# deleted at the end, and a client that trusts exactly that certificate, with host-name
# verification on. PythonTwinsTest checks that it prints what TlsEcho prints.
import asyncio
import shutil
import ssl
import subprocess
import tempfile
from pathlib import Path

SUBJECT = 'CN=localhost'

def make_certificate(directory):
    key, cert = directory / 'key.pem', directory / 'cert.pem'
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
                    '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/' + SUBJECT,
                    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
                   check=True, capture_output=True)
    print(f'Made a self-signed certificate for {SUBJECT}')
    return key, cert

async def handle_echo(reader, writer):
    while line := await reader.readline():
        writer.write(line)
        await writer.drain()
    writer.close()
    await writer.wait_closed()

async def tls_echo_client(lines, port, context):
    reader, writer = await asyncio.open_connection('127.0.0.1', port, ssl=context)
    tls = writer.get_extra_info('ssl_object')
    print(f'Protocol: {tls.version()}')
    subject = ','.join(f'{"CN" if k == "commonName" else k}={v}' for rdn in tls.getpeercert()['subject'] for k, v in rdn)
    print(f'Server certificate: {subject}')

    for line in lines:
        print(f'Send: {line!r}')
        writer.write((line + '\n').encode())
        reply = await reader.readline()
        print(f'Received: {reply.decode().rstrip()!r}')

    print('Close the connection')
    writer.close()
    await writer.wait_closed()

async def main(key, cert):
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    client_context = ssl.create_default_context(cafile=cert)   # trusts that certificate alone; checks the host

    server = await asyncio.start_server(handle_echo, '127.0.0.1', 0, ssl=server_context)
    host, port = server.sockets[0].getsockname()
    print(f'Serving TLS on {host}')

    async with server:
        await tls_echo_client(['Hello', 'TLS', 'World!'], port, client_context)

directory = Path(tempfile.mkdtemp(prefix='weft-tls-echo'))
try:
    asyncio.run(main(*make_certificate(directory)))
finally:
    shutil.rmtree(directory)
