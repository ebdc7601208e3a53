"""Runs a benchmark model in Ciw 3 and prints one JSON line: customers, mean wait, and counts.

Written as a Ciw user would: `ciw.create_network` with arrival and service distributions, servers,
a routing matrix, `ciw.Schedule` for shifts, `PoissonIntervals` for hourly arrival rates and
`reneging_time_distributions` for patience; run with `simulate_until_max_customers(..., method=
"Arrive")` and read the service records. Erlang service is Ciw's Gamma with a whole shape (the
same distribution; Ciw's `Erlang` is a phase-type sampler and slower).
Usage: python ciw_model.py MODEL.yaml SEED
"""
import json
import sys

import ciw

from bench_models import load


def dist(d):
    if d.kind == "exponential":
        return ciw.dists.Exponential(rate=1.0 / d.mean)
    if d.kind == "erlang":
        return ciw.dists.Gamma(shape=d.k, scale=d.mean / d.k)
    if d.kind == "lognormal":
        return ciw.dists.Lognormal(mean=d.mu, sd=d.sigma)
    raise ValueError(d.kind)


def main():
    model = load(sys.argv[1])
    seed = int(sys.argv[2])
    ciw.seed(seed)
    n = len(model.stations)
    if model.profile is None:
        arrival = ciw.dists.Exponential(rate=model.rate)
    else:
        period, step, rates = model.profile
        endpoints = [step * (k + 1) for k in range(len(rates))]
        mean_rate = sum(rates) * step / period
        # Arrival dates are drawn up front; enough days for the wanted customers with a wide margin.
        horizon = period * (int(1.5 * model.customers / (mean_rate * period)) + 10)
        arrival = ciw.dists.PoissonIntervals(rates=rates, endpoints=endpoints, max_sample_date=horizon)
    servers = []
    for s in model.stations:
        if s.schedule:
            # Shifts change only while the desk is empty (see models/day.yaml), so Ciw's default
            # (a server finishes its customer, working overtime) never comes into play.
            servers.append(ciw.Schedule(
                numbers_of_servers=[k for _, _, k in s.schedule],
                shift_end_dates=[end for _, end, _ in s.schedule]))
        else:
            servers.append(s.servers)
    params = dict(
        arrival_distributions=[arrival if i == model.entry else None for i in range(n)],
        service_distributions=[dist(s.service) for s in model.stations],
        number_of_servers=servers,
        routing=model.routing_matrix(),
    )
    if any(s.patience for s in model.stations):
        params["reneging_time_distributions"] = [dist(s.patience) if s.patience else None for s in model.stations]
    network = ciw.create_network(**params)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_customers(model.customers, method="Arrive")
    waits = [r.waiting_time for r in sim.get_all_records(only=["service"])]
    abandoned = len(sim.get_all_records(only=["renege"]))
    print(json.dumps({
        "tool": "ciw", "customers": model.customers,
        "mean_wait": sum(waits) / len(waits), "waits": len(waits), "abandoned": abandoned,
    }))


if __name__ == "__main__":
    main()
