"""disc — 政务公开台账与年度报告工具 (government information disclosure ledger and annual report)."""

__version__ = "0.1.0"
