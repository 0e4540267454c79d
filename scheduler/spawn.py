"""Start a crawl child process. It imports the crawler first and then waits for its job on its link, so
`tollwatch crawl` starts it before anything else and opens the database while the child imports Scrapy."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from typing import Any

from crawler.lifeline import SUPERVISOR_ENV, supervisor_marker


class CrawlProcess(subprocess.Popen[bytes]):
    """A crawl process and `link`, this process's end of the socket that is the crawl process's stdin:
    the job goes down it, then the crawl's storage requests come up it (`storage.link`)."""

    def __init__(self, command: list[str], **options: Any):
        self.link, child_end = socket.socketpair()
        try:
            super().__init__(command, stdin=child_end, **options)
        except BaseException:
            self.link.close()
            raise
        finally:
            child_end.close()


def start_child(*, isolate: bool = False, memory_limit: int | None = None, piped: bool = False) -> CrawlProcess:
    """A crawl process waiting for its job on its link; closing the link without one ends it.

    It dies with this process (`crawler.lifeline`), and with the thread that calls this on Linux: call it
    from a thread that outlives the crawl. `isolate` (implied by `memory_limit`) starts it as
    `scheduler.child`, in its own session; `piped` captures its output (stdout and stderr)."""
    isolate = isolate or memory_limit is not None
    if isolate:  # limits are applied by the child itself: preexec_fn is unsafe in a threaded daemon
        command = [sys.executable, "-m", "scheduler.child"]
        if memory_limit:
            command += ["--memory-limit", str(memory_limit)]
    else:
        command = [sys.executable, "-m", "crawler"]
    return CrawlProcess(command, stdout=subprocess.PIPE if piped else None,
                        stderr=subprocess.STDOUT if piped else None, start_new_session=isolate,
                        env={**os.environ, SUPERVISOR_ENV: supervisor_marker()})
