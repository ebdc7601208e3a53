"""Runs a benchmark model in SimPy 4 and prints one JSON line: customers, mean wait, and counts.

Written as a SimPy user would: one process per customer, a Resource per station, `req | timeout`
for patience, and a shift process that holds surplus servers with top-priority requests (so that
a server going off shift finishes its customer first, as in OneStop).
Usage: python simpy_model.py MODEL.yaml SEED
"""
import json
import random
import sys

import simpy

from bench_models import load


def main():
    model = load(sys.argv[1])
    rng = random.Random(int(sys.argv[2]))
    env = simpy.Environment()
    scheduled = any(s.schedule for s in model.stations)
    if scheduled:
        desks = [simpy.PriorityResource(env, capacity=s.servers) for s in model.stations]
    else:
        desks = [simpy.Resource(env, capacity=s.servers) for s in model.stations]

    def sampler(d):
        if d.kind == "exponential":
            rate = 1.0 / d.mean
            return lambda: rng.expovariate(rate)
        if d.kind == "erlang":
            scale = d.mean / d.k
            return lambda: rng.gammavariate(d.k, scale)
        if d.kind == "lognormal":
            return lambda: rng.lognormvariate(d.mu, d.sigma)
        raise ValueError(d.kind)

    service = [sampler(s.service) for s in model.stations]
    patience = [sampler(s.patience) if s.patience else None for s in model.stations]
    stats = {"waits": 0, "wait_sum": 0.0, "abandoned": 0}

    def route(i):
        branches = model.routing[i]
        if not branches:
            return None
        u = rng.random()
        acc = 0.0
        for p, j in branches:
            acc += p
            if u < acc:
                return j
        return branches[-1][1]

    def customer():
        i = model.entry
        while i is not None:
            arrived = env.now
            desk = desks[i]
            req = desk.request(priority=1) if scheduled else desk.request()
            if patience[i] is None:
                yield req
            else:
                outcome = yield req | env.timeout(patience[i]())
                if req not in outcome:
                    req.cancel()
                    stats["abandoned"] += 1
                    return
            stats["waits"] += 1
            stats["wait_sum"] += env.now - arrived
            yield env.timeout(service[i]())
            desk.release(req)
            i = route(i)

    done = env.event()

    def source():
        n = 0
        if model.profile is None:
            rate = model.rate
            while True:
                yield env.timeout(rng.expovariate(rate))
                env.process(customer())
                n += 1
                if n == model.customers:
                    done.succeed()
                    return
        # Time-varying rate: Lewis and Shedler's thinning against the largest rate.
        top = max(model.profile[2])
        while True:
            yield env.timeout(rng.expovariate(top))
            if rng.random() * top < model.rate_at(env.now):
                env.process(customer())
                n += 1
                if n == model.customers:
                    done.succeed()
                    return

    def shifts(i, station):
        # Surplus servers are held by top-priority requests: a held server is off shift.
        desk = desks[i]
        held = []
        while True:
            for start, end, servers in station.schedule:
                surplus = station.servers - servers
                while len(held) > surplus:
                    req = held.pop()
                    if req.triggered:
                        desk.release(req)
                    else:
                        req.cancel()
                while len(held) < surplus:
                    held.append(desk.request(priority=0))
                yield env.timeout(end - start)

    for i, s in enumerate(model.stations):
        if s.schedule:
            env.process(shifts(i, s))
    env.process(source())
    env.run(until=done)
    print(json.dumps({
        "tool": "simpy", "customers": model.customers,
        "mean_wait": stats["wait_sum"] / stats["waits"], "waits": stats["waits"],
        "abandoned": stats["abandoned"],
    }))


if __name__ == "__main__":
    main()
