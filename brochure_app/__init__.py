"""brochure_app: the Probation Service's judicial brochure of interventions, offline."""

__version__ = "0.1.0"
