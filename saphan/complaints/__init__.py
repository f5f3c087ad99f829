"""Environmental complaints: public intake and tracking, Open311, case handling within the
province, inspections and measurements against standards, explainers, privacy."""
