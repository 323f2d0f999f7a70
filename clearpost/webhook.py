"""The webhook (an adapter): stored assessments POSTed to the operator's URL.

`CLEARPOST_WEBHOOK_URL` turns it on; after `clearpost ingest` and `POST /v1/messages` have stored
their assessments, they go out in batches as `{"assessments": [...]}` (the assessment JSON of
contract §2). Each request carries `X-ClearPost-Delivery` (one id per batch, the same on every
retry, so a receiver can drop a batch it already has) and, when `CLEARPOST_WEBHOOK_SECRET` is set,
`X-ClearPost-Signature: sha256=<hex>`, the HMAC-SHA256 of the body under the secret. A batch is
retried with exponential backoff on a 5xx or 429 answer, a timeout or a connection error; a 4xx
answer (or a redirect) is final. When a batch still fails, delivery stops there (the receiver is
down: waiting out every remaining batch would only delay the caller) and the report says how
many assessments did not go out. Delivery never undoes or fails the ingest: the assessments are
stored whatever happens here.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import msgspec

from clearpost.model import Assessment
from clearpost.settings import Settings

BATCH_SIZE = 500
"""Assessments per request: about 1 MB of JSON."""
TIMEOUT_SECONDS = 10.0
ATTEMPTS = 4
"""Tries per batch: the first and three retries."""
BACKOFF_SECONDS = 0.5
"""Wait before the first retry, doubled before each next one (0.5 s, 1 s, 2 s)."""
SIGNATURE_HEADER = "X-ClearPost-Signature"
DELIVERY_HEADER = "X-ClearPost-Delivery"

_encoder = msgspec.json.Encoder(decimal_format="string")


def _user_agent() -> str:
    try:
        return f"ClearPost/{version('clearpost')} webhook"
    except PackageNotFoundError:
        return "ClearPost webhook"


@dataclass(frozen=True, slots=True)
class Webhook:
    url: str
    secret: str | None = None
    batch_size: int = BATCH_SIZE
    timeout: float = TIMEOUT_SECONDS
    attempts: int = ATTEMPTS
    backoff: float = BACKOFF_SECONDS

    @classmethod
    def from_settings(cls, settings: Settings) -> Webhook | None:
        """The configured webhook, or None when CLEARPOST_WEBHOOK_URL is not set."""
        if settings.webhook_url is None:
            return None
        return cls(url=settings.webhook_url, secret=settings.webhook_secret)


def signature(secret: str, body: bytes) -> str:
    """The value of X-ClearPost-Signature for a body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Failure:
    delivery: str
    batch: int
    """1-based."""
    assessments: int
    attempts: int
    error: str


@dataclass(slots=True)
class Report:
    url: str
    total: int
    batches: int
    delivered: int = 0
    failure: Failure | None = None

    @property
    def undelivered(self) -> int:
        return self.total - self.delivered

    def summary(self) -> str:
        if self.failure is None:
            return f"{self.delivered} assessments delivered to {self.url} in {self.batches} batches."
        failure = self.failure
        rest = self.batches - failure.batch
        return (
            f"{self.undelivered} of {self.total} assessments were not delivered to {self.url}: "
            f"batch {failure.batch} of {self.batches} (delivery {failure.delivery}, {failure.assessments} "
            f"assessments) failed after {failure.attempts} attempt{'s' if failure.attempts > 1 else ''}: "
            f"{failure.error}"
            + (f"; {rest} later batch{'es were' if rest > 1 else ' was'} not tried" if rest else "")
            + ". The assessments are stored all the same."
        )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirected POST would lose its body: the 3xx is reported instead


_opener = urllib.request.build_opener(_NoRedirects)


@dataclass(slots=True)
class _Sender:
    webhook: Webhook
    sleep: Callable[[float], None]

    def send(self, body: bytes, delivery: str) -> tuple[int, str | None]:
        """(attempts made, error or None)."""
        headers = {
            "Content-Type": "application/json",
            "User-Agent": _user_agent(),
            DELIVERY_HEADER: delivery,
        }
        if self.webhook.secret:
            headers[SIGNATURE_HEADER] = signature(self.webhook.secret, body)
        error = ""
        for attempt in range(1, self.webhook.attempts + 1):
            if attempt > 1:
                self.sleep(self.webhook.backoff * 2 ** (attempt - 2))
            request = urllib.request.Request(self.webhook.url, data=body, headers=headers, method="POST")
            try:
                with _opener.open(request, timeout=self.webhook.timeout) as response:
                    response.read()
                return attempt, None
            except urllib.error.HTTPError as answer:
                error = f"HTTP {answer.code} {answer.reason}".rstrip()
                if not (answer.code >= 500 or answer.code == 429):
                    return attempt, error
            except (OSError, http.client.HTTPException) as problem:  # connection, timeout, URLError
                reason = getattr(problem, "reason", problem)
                error = f"{type(reason).__name__}: {reason}" if str(reason) else type(reason).__name__
        return self.webhook.attempts, error


def deliver(
    webhook: Webhook,
    assessments: Sequence[Assessment],
    *,
    sleep: Callable[[float], None] | None = None,
) -> Report:
    """POST the assessments in batches; never raises for the receiver's sake. `sleep` waits
    between retries (time.sleep by default)."""
    size = max(1, webhook.batch_size)
    batches = [assessments[start : start + size] for start in range(0, len(assessments), size)]
    report = Report(url=webhook.url, total=len(assessments), batches=len(batches))
    sender = _Sender(webhook, time.sleep if sleep is None else sleep)
    for number, batch in enumerate(batches, start=1):
        delivery = str(uuid.uuid4())
        attempts, error = sender.send(_encoder.encode({"assessments": batch}), delivery)
        if error is not None:
            report.failure = Failure(delivery, number, len(batch), attempts, error)
            break
        report.delivered += len(batch)
    return report
