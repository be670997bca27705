"""Erlang B, Erlang C and Erlang A formulas for call-center staffing.

Pure Python, no third-party dependencies.

Units used throughout this module:

* traffic (offered load) ``A`` in Erlangs = arrival rate (calls per second) x AHT (seconds);
* times in seconds;
* probabilities as fractions in ``[0, 1]``.

Numerical method
----------------
Everything is built on the inverse Erlang B recurrence

    1/B(0) = 1,        1/B(n) = 1 + n / (A * B(n - 1)),

which is numerically stable in floating point: a relative error in ``1/B(n - 1)`` is
multiplied by ``(1/B(n) - 1) / (1/B(n)) < 1`` at every step, so errors shrink instead of
growing.  No factorial or power of ``A`` is ever formed, so nothing overflows at
1,000,000 Erlangs.

Unrolled, the recurrence is the finite series

    1/B(n) = sum_{j=0..n} n! / ((n - j)! * A**j) = sum_j prod_{i<j} (n - i) / A,

whose terms, for ``n <= A``, are bounded by ``exp(-(j*(A - n) + j*(j - 1)/2) / A)``.
Starting the recurrence at ``n0 = n - J`` with the value ``1`` (instead of the true
``1/B(n0)``) is exactly the same as truncating that series after ``J`` terms, so choosing
``J`` from the bound (about ``9.5 * sqrt(A)`` at ``n = A``) gives ``1/B(n)`` to full double
precision in O(sqrt(A)) operations rather than O(A).  Above ``n = A`` the recurrence is
simply continued.  The staffing searches (:func:`agents_for_service_level`,
:func:`lines_for_blocking`) start from a proven lower bound and walk upward one server at a
time, updating ``1/B`` incrementally, so they cost O(sqrt(A)) in total.
"""

from __future__ import annotations

import math
from typing import TypedDict

__all__ = [
    "ErlangAResult",
    "agents_for_service_level",
    "average_speed_of_answer",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "lines_for_blocking",
    "lines_for_queue_blocking",
    "service_level",
]

# Series terms below exp(-_TRUNC_EXPONENT) (times the tail factor) are dropped:
# exp(-45) ~ 2.9e-20, far below double precision relative to a sum that is >= 1.
_TRUNC_EXPONENT = 45.0
# Relative tail tolerance of the Erlang A queue sums.
_TAIL_EPS = 1e-17
# Rescaling thresholds that keep the Erlang A sums inside the float range.
_BIG = 1e250
_SMALL = 1e-250
# Below this, exp() of a log-space quantity is tracked in log space.
_LOG_TINY = -700.0


def _check_traffic(traffic: float) -> None:
    if not (traffic >= 0.0 and math.isfinite(traffic)):
        raise ValueError(f"traffic must be a finite number >= 0, got {traffic!r}")


def _check_servers(servers: int, name: str) -> None:
    if servers < 0:
        raise ValueError(f"{name} must be >= 0, got {servers!r}")


def _check_positive(value: float, name: str) -> None:
    if not (value > 0.0 and math.isfinite(value)):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")


def _check_non_negative(value: float, name: str) -> None:
    if not (value >= 0.0 and math.isfinite(value)):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")


def _series_start(traffic: float, n: int) -> int:
    """First index of the truncated inverse recurrence that yields ``1/B(n)``, ``n <= A``.

    With ``g = A - n >= 0`` the ``j``-th series term is at most
    ``exp(-(j*g + j*(j-1)/2) / A)`` and the tail after it at most that times
    ``A / (g + j)``.  We pick the smallest ``J`` whose bound is below ``exp(-45)``,
    allowing for the tail factor, and start the recurrence at ``n - J`` (or 0).
    """
    gap = traffic - n
    # Solve J**2/2 + J*(gap - 1/2) >= E*A for J, with E including ln of the tail factor.
    exponent = (_TRUNC_EXPONENT + math.log1p(traffic)) * traffic
    half_b = gap - 0.5
    terms = math.ceil(-half_b + math.sqrt(half_b * half_b + 2.0 * exponent)) + 2
    return max(0, n - terms)


def _inv_erlang_b(traffic: float, servers: int) -> float:
    """``1/B(servers, traffic)`` for ``traffic > 0``; may be ``inf`` when B underflows."""
    base = min(servers, math.floor(traffic))
    s = 1.0
    for i in range(_series_start(traffic, base) + 1, base + 1):
        s = 1.0 + s * i / traffic
    for i in range(base + 1, servers + 1):
        s = 1.0 + s * i / traffic
        if s == math.inf:
            break
    return s


def _c_from_inv_b(traffic: float, agents: int, inv_b: float) -> float:
    """Erlang C from ``1/B`` for ``agents > traffic``: C = N*B / (N - A*(1 - B))."""
    b = 1.0 / inv_b
    # (N - A) + A*B avoids the cancellation in 1 - B when B is small.
    return agents * b / ((agents - traffic) + traffic * b)


def _sl_from_c(
    traffic: float, agents: int, c: float, aht_seconds: float, target_seconds: float
) -> float:
    return 1.0 - c * math.exp(-(agents - traffic) * target_seconds / aht_seconds)


def erlang_b(traffic: float, servers: int) -> float:
    """Blocking probability of an M/M/N/N loss system (Erlang B formula).

    ``traffic`` is the offered load in Erlangs and ``servers`` the number of lines.
    Returns 1.0 when ``servers == 0``.
    """
    _check_traffic(traffic)
    _check_servers(servers, "servers")
    if servers == 0:
        return 1.0
    if traffic == 0.0:
        return 0.0
    return 1.0 / _inv_erlang_b(traffic, servers)


def erlang_c(traffic: float, agents: int) -> float:
    """Probability that a call has to wait in an M/M/N queue (Erlang C formula).

    Returns 1.0 when ``agents <= traffic`` (the queue is unstable: every call waits).
    """
    _check_traffic(traffic)
    _check_servers(agents, "agents")
    if agents <= traffic:
        return 1.0
    if traffic == 0.0:
        return 0.0
    return _c_from_inv_b(traffic, agents, _inv_erlang_b(traffic, agents))


def service_level(traffic: float, agents: int, aht_seconds: float, target_seconds: float) -> float:
    """Fraction of calls answered within ``target_seconds`` in an M/M/N queue.

    SL = 1 - C * exp(-(N - A) * t / AHT).  Returns 0.0 when ``agents <= traffic``;
    ``target_seconds == 0`` gives ``1 - C``.
    """
    _check_positive(aht_seconds, "aht_seconds")
    _check_non_negative(target_seconds, "target_seconds")
    c = erlang_c(traffic, agents)
    if agents <= traffic:
        return 0.0
    return _sl_from_c(traffic, agents, c, aht_seconds, target_seconds)


def average_speed_of_answer(traffic: float, agents: int, aht_seconds: float) -> float:
    """Mean waiting time over all calls in an M/M/N queue: ASA = C * AHT / (N - A).

    Returns ``float('inf')`` when ``agents <= traffic``.
    """
    _check_positive(aht_seconds, "aht_seconds")
    c = erlang_c(traffic, agents)
    if agents <= traffic:
        return math.inf
    return c * aht_seconds / (agents - traffic)


def agents_for_service_level(
    traffic: float, aht_seconds: float, target_seconds: float, target_sl: float
) -> int:
    """The fewest agents ``N > traffic`` with ``service_level(...) >= target_sl``.

    ``target_sl`` must be in ``[0, 1)``.  Starts the inverse Erlang B recurrence at
    ``floor(A)`` (the first valid candidate is ``floor(A) + 1``) and walks upward one agent
    at a time; every candidate is evaluated with exactly the same floating point operations
    as :func:`service_level`, so the answer agrees with it bit for bit.
    """
    _check_traffic(traffic)
    _check_positive(aht_seconds, "aht_seconds")
    _check_non_negative(target_seconds, "target_seconds")
    if not 0.0 <= target_sl < 1.0:
        raise ValueError(f"target_sl must be in [0, 1), got {target_sl!r}")
    if traffic == 0.0:
        return 1
    n = math.floor(traffic)
    inv_b = _inv_erlang_b(traffic, n)
    while True:
        n += 1
        inv_b = 1.0 + inv_b * n / traffic
        c = _c_from_inv_b(traffic, n, inv_b)
        if _sl_from_c(traffic, n, c, aht_seconds, target_seconds) >= target_sl:
            return n


def lines_for_blocking(traffic: float, target_blocking: float) -> int:
    """The fewest lines ``N >= 0`` with ``erlang_b(traffic, N) <= target_blocking``.

    Since the carried load ``A * (1 - B(N))`` cannot exceed ``N``, any feasible ``N`` is at
    least ``A * (1 - target)``; the search starts just below that bound and walks upward.
    """
    _check_traffic(traffic)
    if not (target_blocking > 0.0 and math.isfinite(target_blocking)):
        raise ValueError(f"target_blocking must be > 0, got {target_blocking!r}")
    if target_blocking >= 1.0:
        return 0
    if traffic == 0.0:
        return 1
    n = max(0, math.floor(traffic * (1.0 - target_blocking)) - 1)
    inv_b = _inv_erlang_b(traffic, n) if n > 0 else 1.0
    while True:
        b = 1.0 / inv_b
        if abs(b - target_blocking) <= 1e-9 * target_blocking:
            # Too close to call from the incremental value: decide with the public
            # function so the result is consistent with erlang_b() to the last bit.
            if erlang_b(traffic, n) <= target_blocking:
                return n
        elif b <= target_blocking:
            return n
        n += 1
        inv_b = 1.0 + inv_b * n / traffic


class ErlangAResult(TypedDict):
    """Steady-state measures of the Erlang A (M/M/N+M) queue."""

    p_wait: float
    """Probability that an arriving caller finds all agents busy."""
    p_abandon: float
    """Fraction of all callers who hang up before being answered."""
    service_level: float
    """Fraction of all callers answered within the target time (abandons are misses)."""
    asa: float
    """Mean waiting time of answered callers, seconds."""
    avg_wait: float
    """Mean time in queue over all callers (answered or abandoned), seconds."""
    occupancy: float
    """Answered load divided by the number of agents."""


def _erlang_a_infinite_patience(
    traffic: float, agents: int, aht_seconds: float, target_seconds: float
) -> ErlangAResult:
    if agents <= traffic:
        raise ValueError("with infinite patience the queue needs agents > offered load")
    c = erlang_c(traffic, agents)
    asa = c * aht_seconds / (agents - traffic) if traffic > 0.0 else 0.0
    return ErlangAResult(
        p_wait=c,
        p_abandon=0.0,
        service_level=_sl_from_c(traffic, agents, c, aht_seconds, target_seconds),
        asa=asa,
        avg_wait=asa,
        occupancy=traffic / agents,
    )


def erlang_a(
    arrival_rate_per_s: float,
    aht_seconds: float,
    mean_patience_seconds: float,
    agents: int,
    target_seconds: float = 20.0,
) -> ErlangAResult:
    """Erlang A: the M/M/N+M queue with exponential patience (abandonment).

    Valid for any ``agents >= 1``, including ``agents <= offered load`` (the abandonments keep
    the queue stable).  ``mean_patience_seconds = inf`` falls back to Erlang C (then
    ``agents`` must exceed the load).

    Formulas (Palm 1943; Garnett, Mandelbaum & Reiman, "Designing a call center with
    impatient customers", M&SOM 4(3), 2002; Mandelbaum & Zeltyn, "The M/M/n+G queue:
    summary of performance measures", 2007).  With ``lam`` the arrival rate, ``mu = 1/AHT``,
    ``theta = 1/patience``, the number in system is a birth-death process with

        pi(n) ~ (lam/mu)**n / n!                                  for n <= N,
        pi(N + k) = pi(N) * prod_{j=1..k} lam / (N*mu + j*theta)  for k >= 1,

    and ``sum_{n<=N} pi(n) / pi(N) = 1/B(N, A)`` (Erlang B).  We sum this distribution in
    floating point relative to ``pi(N)``, truncating the queue once the geometric tail bound
    is below 1e-17 relatively, with rescaling so nothing overflows.  By PASTA an arriving
    caller sees the stationary state; then

    * ``p_wait = P(state >= N)``;
    * ``p_abandon = theta * E[queue] / lam`` (abandonment rate over arrival rate);
    * ``avg_wait = E[queue] / lam`` (Little's law);
    * a caller arriving with ``k`` callers ahead passes phases ``i = k..0`` (callers ahead)
      in which the queue moves at rate ``N*mu + i*theta`` while he abandons at rate
      ``theta``; hence ``P(answered | k) = N*mu / (N*mu + (k+1)*theta)`` and
      ``E[wait; answered | k] = P(answered | k) * sum_{i=0..k} 1/(N*mu + (i+1)*theta)``;
    * his offered wait ``V`` is a sum of exponentials with rates ``(c + i)*theta``,
      ``c = N*mu/theta``, so ``exp(-theta*V) ~ Beta(c, k+1)`` and
      ``P(answered within t | k) = E[e^{-theta V}; V <= t]
      = c/(c+k+1) * (1 - sum_{j=0..k} nb_j)`` where ``nb_j`` is the negative binomial pmf
      ``Gamma(c+1+j)/(Gamma(c+1) j!) x**j (1-x)**(c+1)`` with ``x = 1 - exp(-theta*t)``
      (the regularized incomplete beta function with an integer argument).  This is the
      ``A(x, y)``/incomplete-gamma result of Garnett et al. written as a finite sum.

    ``service_level`` counts abandoned callers as misses; ``asa`` is the mean wait of
    answered callers only; ``occupancy`` is the answered load ``A * (1 - p_abandon) / N``.
    """
    _check_non_negative(arrival_rate_per_s, "arrival_rate_per_s")
    _check_positive(aht_seconds, "aht_seconds")
    _check_non_negative(target_seconds, "target_seconds")
    if not mean_patience_seconds > 0.0:
        raise ValueError(f"mean_patience_seconds must be > 0, got {mean_patience_seconds!r}")
    if agents < 1:
        raise ValueError(f"agents must be >= 1, got {agents!r}")
    lam = arrival_rate_per_s
    traffic = lam * aht_seconds
    _check_traffic(traffic)
    if lam == 0.0:
        return ErlangAResult(
            p_wait=0.0, p_abandon=0.0, service_level=1.0, asa=0.0, avg_wait=0.0, occupancy=0.0
        )
    theta = 1.0 / mean_patience_seconds
    if theta == 0.0:
        return _erlang_a_infinite_patience(traffic, agents, aht_seconds, target_seconds)
    inv_b = _inv_erlang_b(traffic, agents)
    if inv_b == math.inf:
        # P(all agents busy) underflows: nobody waits.
        return ErlangAResult(
            p_wait=0.0,
            p_abandon=0.0,
            service_level=1.0,
            asa=0.0,
            avg_wait=0.0,
            occupancy=traffic / agents,
        )
    n_mu = agents / aht_seconds
    c = n_mu / theta
    # Mass of states 0..N-1 relative to pi(N) = 1.
    below = inv_b - 1.0

    # Negative binomial pmf nb_j and its cumulative sum S_k (not relative to pi).
    if target_seconds == 0.0:
        nb, log_nb, log_x, x = 1.0, 0.0, 0.0, 0.0
    else:
        x = -math.expm1(-theta * target_seconds)
        log_x = math.log(x)
        log_nb = -(n_mu + theta) * target_seconds
        nb = math.exp(log_nb)  # may underflow to 0: then the recurrence runs on log_nb
    in_log_space = target_seconds > 0.0 and log_nb <= _LOG_TINY
    cum_nb = nb

    q = 1.0  # pi(N + k) / pi(N), rescaled together with the accumulators
    sum_q = 0.0  # sum q_k, k >= 0  (all-busy mass)
    sum_kq = 0.0  # sum k q_k  (mean queue length)
    served = 0.0  # sum q_k P(answered | k)
    served_wait = 0.0  # sum q_k E[wait; answered | k]
    hit = 0.0  # sum q_k P(answered within t | k)
    miss = 0.0  # sum q_k (1 - P(answered within t | k))
    harmonic = 0.0  # sum_{i<=k} 1 / (N mu + (i+1) theta)
    k = 0
    while True:
        rate_out = n_mu + (k + 1) * theta
        harmonic += 1.0 / rate_out
        p_ans = n_mu / rate_out
        sum_q += q
        sum_kq += k * q
        served += q * p_ans
        served_wait += q * p_ans * harmonic
        tail_nb = 1.0 - cum_nb if cum_nb < 1.0 else 0.0
        hit += q * p_ans * tail_nb
        miss += q * ((k + 1) * theta / rate_out + p_ans * min(cum_nb, 1.0))

        k += 1
        ratio = lam / (n_mu + k * theta)
        q *= ratio
        if ratio < 1.0:
            one_minus = 1.0 - ratio
            limit = _TAIL_EPS * one_minus * one_minus / (k + 2)
            if q == 0.0 or (
                q <= limit * sum_q
                and q <= limit * sum_kq
                and q <= limit * miss
                and q <= limit * served_wait * (n_mu + theta)
            ):
                break
        if q > _BIG:
            q *= _SMALL
            below *= _SMALL
            sum_q *= _SMALL
            sum_kq *= _SMALL
            served *= _SMALL
            served_wait *= _SMALL
            hit *= _SMALL
            miss *= _SMALL
        if target_seconds > 0.0:
            if in_log_space:
                log_nb += math.log(c + k) - math.log(k) + log_x
                nb = math.exp(log_nb)
                in_log_space = log_nb <= _LOG_TINY
            else:
                nb *= (c + k) * x / k
            cum_nb += nb

    total = below + sum_q
    p_nowait = below / total
    hit_total = p_nowait + hit / total
    sl = hit_total if hit_total < 0.5 else 1.0 - miss / total
    p_abandon = theta * sum_kq / (lam * total)
    p_served = p_nowait + served / total
    return ErlangAResult(
        p_wait=sum_q / total,
        p_abandon=p_abandon,
        service_level=min(1.0, max(0.0, sl)),
        asa=(served_wait / total) / p_served,
        avg_wait=sum_kq / (lam * total),
        occupancy=traffic * (1.0 - p_abandon) / agents,
    )


def lines_for_queue_blocking(
    arrival_rate_per_s: float,
    aht_seconds: float,
    mean_patience_seconds: float,
    agents: int,
    target_blocking: float,
) -> int:
    """The fewest telephone lines ``K >= agents`` for ``agents`` agents plus a queue.

    A caller holds a line while queued and while talking.  With ``K`` lines the system is
    the M/M/N/K+M queue (Erlang A with at most ``K - N`` waiting places); a caller who finds
    all ``K`` lines busy gets a busy tone and is lost.  Because the process is a reversible
    birth-death chain, its stationary law is the Erlang A law conditioned on ``{state <= K}``,
    so the blocking probability (PASTA) is ``pi(K) / sum_{n<=K} pi(n)`` with ``pi`` as in
    :func:`erlang_a`.  With no queue places (``K = N``) this is exactly Erlang B.

    ``mean_patience_seconds = inf`` gives the M/M/N/K queue (then the walk only ends if
    some ``K`` reaches the target, which requires ``agents > offered load`` unless the target
    is loose).
    """
    _check_non_negative(arrival_rate_per_s, "arrival_rate_per_s")
    _check_positive(aht_seconds, "aht_seconds")
    if not mean_patience_seconds > 0.0:
        raise ValueError(f"mean_patience_seconds must be > 0, got {mean_patience_seconds!r}")
    if agents < 1:
        raise ValueError(f"agents must be >= 1, got {agents!r}")
    if not (target_blocking > 0.0 and math.isfinite(target_blocking)):
        raise ValueError(f"target_blocking must be > 0, got {target_blocking!r}")
    lam = arrival_rate_per_s
    traffic = lam * aht_seconds
    _check_traffic(traffic)
    if lam == 0.0 or target_blocking >= 1.0:
        return agents
    theta = 1.0 / mean_patience_seconds
    n_mu = agents / aht_seconds
    if theta == 0.0 and agents <= traffic and 1.0 - agents / traffic >= target_blocking:
        raise ValueError("with infinite patience this target cannot be met")
    inv_b = _inv_erlang_b(traffic, agents)
    if inv_b == math.inf:
        return agents
    q = 1.0
    mass = inv_b  # sum_{n <= N + k} pi(n) / pi(N), rescaled with q
    k = 0
    while q / mass > target_blocking:
        k += 1
        q *= lam / (n_mu + k * theta)
        mass += q
        if mass > _BIG:
            q *= _SMALL
            mass *= _SMALL
    return agents + k
