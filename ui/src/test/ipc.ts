// Tests talk to the real api/ modules and bindings; only the IPC boundary is replaced, so
// a test sees the exact commands and arguments the window sends.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, vi } from "vitest";

type Handler = (args: Record<string, unknown>) => unknown;

/** Answers each command by name; a command with no handler fails the way the backend would. */
export function backend(handlers: Record<string, Handler>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  const spy = vi.fn();
  mockIPC(
    async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    spy(cmd, args);
    const handler = handlers[cmd];
      if (!handler) throw { code: "unexpected", message: `no handler for ${cmd}`, field: null };
      return handler(args);
    },
    // Backend events are emitted in the test with the bindings' own `events.x.emit`.
    { shouldMockEvents: true },
  );
  return {
    calls,
    /** How many times `cmd` was called. */
    count: (cmd: string) => calls.filter((c) => c.cmd === cmd).length,
    handlers,
  };
}

afterEach(() => clearMocks());
