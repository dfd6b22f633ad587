"""Exit when the process that started the emulator is gone."""

import os
import threading
import time


def exit_with_parent():
    # The pipeline stops moto itself on success, failure and Ctrl-C; this covers
    # the one case it cannot: its own process killed outright (SIGKILL, OOM).
    # An orphaned emulator would keep the port and the account's state alive.
    parent = os.environ.get("MOTO_LAUNCHER_PARENT_PID")
    if not parent:
        return

    def watch():
        while True:
            try:
                os.kill(int(parent), 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass  # alive, owned by another user
            time.sleep(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
