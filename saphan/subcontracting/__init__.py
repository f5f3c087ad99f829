"""Subcontracting exchange: group readiness, work offers, capacity-aware allocation
(engines.allocation), the material-receipt-payment ledger and earnings measures."""
