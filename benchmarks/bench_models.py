"""The benchmark models, read from the same YAML files that `onestop` runs.

Only the subset of the scenario format that the benchmark models use is read here; anything else
is refused, so that a model can never silently differ between tools.
"""
import math
import sys

import yaml


class Unsupported(Exception):
    pass


class Dist:
    """A distribution as the scenario writes it: kind and parameters in the scenario's time unit."""

    def __init__(self, spec, where):
        if not isinstance(spec, dict) or "dist" not in spec:
            raise Unsupported(f"{where}: not a distribution")
        self.kind = spec["dist"]
        if self.kind == "exponential":
            self.mean = float(spec["mean"]) if "mean" in spec else 1.0 / float(spec["rate"])
        elif self.kind == "erlang":
            self.k = int(spec["k"])
            self.mean = float(spec["mean"])
        elif self.kind == "lognormal":
            self.mean = float(spec["mean"])
            self.sd = float(spec["sd"])
            # Parameters of the underlying normal (the log of the variable).
            s2 = math.log1p((self.sd / self.mean) ** 2)
            self.mu = math.log(self.mean) - s2 / 2
            self.sigma = math.sqrt(s2)
        else:
            raise Unsupported(f"{where}: distribution {self.kind!r} is not used by the benchmarks")


class Station:
    def __init__(self, spec, where):
        self.id = spec["id"]
        servers = spec["servers"]
        if isinstance(servers, int):
            self.servers = servers
            self.schedule = None
        elif isinstance(servers, dict):
            self.period = float(servers["period"])
            self.schedule = [(float(e["from"]), float(e["to"]), int(e["servers"])) for e in servers["schedule"]]
            self.servers = max(n for _, _, n in self.schedule)
        else:
            raise Unsupported(f"{where}.servers: {servers!r}")
        self.service = Dist(spec["service"], f"{where}.service")
        self.patience = Dist(spec["patience"], f"{where}.patience") if "patience" in spec else None
        for key in spec:
            if key not in ("id", "servers", "service", "patience"):
                raise Unsupported(f"{where}.{key}")


class Model:
    """A benchmark model: stations, one arrival stream, routing, and a stop after N arrivals."""

    def __init__(self, path):
        with open(path) as f:
            doc = yaml.safe_load(f)
        self.name = doc["name"]
        run = doc["run"]
        self.customers = int(run["customers"])
        if run.get("warmup", 0):
            raise Unsupported("run.warmup")
        self.stations = [Station(s, f"stations[{i}]") for i, s in enumerate(doc["stations"])]
        self.index = {s.id: i for i, s in enumerate(self.stations)}
        if len(doc["arrivals"]) != 1:
            raise Unsupported("arrivals: exactly one stream")
        a = doc["arrivals"][0]
        self.entry = self.index[a["to"]]
        if "rate" in a:
            self.rate = float(a["rate"])
            self.profile = None
        elif "rate_profile" in a:
            p = a["rate_profile"]
            self.profile = (float(p["period"]), float(p["step"]), [float(r) for r in p["rates"]])
            self.rate = None
        else:
            raise Unsupported("arrivals[0]: rate or rate_profile")
        # routing[i] = [(p, j or None for exit)], cumulative order as written.
        self.routing = [[] for _ in self.stations]
        for sid, branches in (doc.get("routing") or {}).items():
            self.routing[self.index[sid]] = [
                (float(b["p"]), None if b["to"] == "exit" else self.index[b["to"]]) for b in branches
            ]

    def rate_at(self, t):
        period, step, rates = self.profile
        return rates[int((t % period) // step)]

    def routing_matrix(self):
        n = len(self.stations)
        m = [[0.0] * n for _ in range(n)]
        for i, branches in enumerate(self.routing):
            for p, j in branches:
                if j is not None:
                    m[i][j] += p
        return m


def load(path):
    try:
        return Model(path)
    except (Unsupported, KeyError) as e:
        sys.exit(f"{path}: not a benchmark model: {e}")
