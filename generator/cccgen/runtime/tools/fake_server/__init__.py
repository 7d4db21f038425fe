"""The fake CCC server: gateway checks, records, faults, the HTTP handler and `serve`."""
