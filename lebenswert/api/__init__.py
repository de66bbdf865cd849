"""The portal's API (/api/v1/): public reads and figure writes by municipal systems."""
