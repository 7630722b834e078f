from django.apps import AppConfig


class CalibrationConfig(AppConfig):
    name = "panelist.calibration"
