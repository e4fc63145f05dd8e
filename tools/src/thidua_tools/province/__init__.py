"""A province over HTTP: the API client of the four services, demo data, and `thidua seed-demo`."""

from thidua_tools.province.client import ApiError, Caller, ProvinceClient, ServiceUrls

__all__ = ["ApiError", "Caller", "ProvinceClient", "ServiceUrls"]
