/**
 * The fan-out baseline (bench/fanout): a bare socket.io 4.8 server with no Kora in it, run as a child
 * process. Same `/chat` namespace and events as Kora's (`join {group, name}` with an ack, `send` with an
 * ack, `message` to the others in the group), a plain room broadcast of a message shaped and sized like
 * Kora's, nothing stored. Prints `listening <port>` once ready; SIGTERM closes it.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { Server, type Socket } from 'socket.io';

type Ack = (response: unknown) => void;

const server = http.createServer();
const io = new Server(server, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
let sequence = 0;

// Kora's ids are ULIDs: 26 characters.
const newId = () =>
  `${Date.now().toString(36).padStart(10, '0')}${randomBytes(8).toString('hex')}`.slice(0, 26);

io.of('/chat').on('connection', (socket: Socket) => {
  socket.on('join', (payload: { group?: string; name?: string }, ack?: Ack) => {
    const group = String(payload?.group ?? '');
    const member = { id: newId(), name: String(payload?.name ?? '') };
    socket.data.member = member;
    socket.join(`conversation:${group}`);
    ack?.({ ok: true, member: { ...member, token: newId() }, conversationId: group });
  });
  socket.on('send', (payload: { conversationId?: string; text?: string }, ack?: Ack) => {
    const conversationId = String(payload?.conversationId ?? '');
    const member = socket.data.member as { id: string; name: string } | undefined;
    if (!member) return ack?.({ ok: false, error: { code: 'unauthorized', message: 'join first' } });
    const message = {
      id: `${newId().slice(0, 20)}${(sequence++).toString(36).padStart(6, '0')}`,
      conversationId,
      sender: { type: 'member', id: member.id, name: member.name },
      text: String(payload?.text ?? ''),
      createdAt: new Date().toISOString(),
      status: 'received',
    };
    socket.to(`conversation:${conversationId}`).emit('message', { conversationId, message });
    ack?.({ ok: true, message });
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening ${address.port}`);
});

process.once('SIGTERM', () => {
  io.close();
  server.close(() => process.exit(0));
  io.disconnectSockets(true);
});
