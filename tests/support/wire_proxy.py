"""A TCP proxy in front of the MongoDB-wire server that can lose the reply to one command.

It forwards every message untouched. Armed with a command name, it lets the next such commands reach the
server, waits for each reply, and then drops the client's connection instead of delivering it: the client
cannot tell whether the command took effect (for `commitTransaction`: an unknown commit result, as when a
network link fails at the worst moment).
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from dataclasses import dataclass, field

OP_MSG = 2013
HEADER = struct.Struct("<iiii")  # messageLength, requestID, responseTo, opCode


def command_name(message: bytes) -> str | None:
    """The command of an OP_MSG (the first key of its body section), or None."""
    _length, _request, _response_to, op_code = HEADER.unpack_from(message)
    if op_code != OP_MSG or len(message) < HEADER.size + 4 + 1 + 4 + 2 or message[HEADER.size + 4] != 0:
        return None
    key_at = HEADER.size + 4 + 1 + 4 + 1  # flagBits, section kind, BSON length, element type
    end = message.index(b"\x00", key_at)
    return message[key_at:end].decode("utf-8", "replace")


async def read_message(reader: asyncio.StreamReader) -> bytes:
    """One whole wire-protocol message."""
    header = await reader.readexactly(HEADER.size)
    (length,) = struct.unpack_from("<i", header)
    return header + await reader.readexactly(length - HEADER.size)


@dataclass
class WireProxy:
    """Listens on 127.0.0.1:`port` and forwards to `upstream_port`."""

    upstream_port: int
    port: int = 0
    lose_reply_to: dict[str, int] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)
    _server: asyncio.Server | None = None

    def url(self) -> str:
        """A connection string through the proxy (direct, so the driver never bypasses it)."""
        return f"mongodb://127.0.0.1:{self.port}/?retryWrites=false&directConnection=true"

    def arm(self, command: str, *, times: int = 1) -> None:
        """Lose the replies to the next `times` `command`s."""
        self.lose_reply_to[command] = times

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        server_r, server_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        doomed: dict[int, str] = {}  # requestID whose reply must be lost -> command

        async def upstream() -> None:
            while True:
                message = await read_message(client_r)
                name = command_name(message)
                if name is not None and self.lose_reply_to.get(name, 0) > 0:
                    self.lose_reply_to[name] -= 1
                    doomed[HEADER.unpack_from(message)[1]] = name
                server_w.write(message)
                await server_w.drain()

        async def downstream() -> None:
            while True:
                message = await read_message(server_r)
                response_to = HEADER.unpack_from(message)[2]
                if response_to in doomed:
                    self.lost.append(doomed.pop(response_to))
                    return  # the server has answered; the client never hears it
                client_w.write(message)
                await client_w.drain()

        tasks = [asyncio.create_task(upstream()), asyncio.create_task(downstream())]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            for writer in (client_w, server_w):
                writer.close()
                with contextlib.suppress(ConnectionError, OSError):
                    await writer.wait_closed()
