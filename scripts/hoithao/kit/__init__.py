"""The office PC kit: double-click launchers and the offline installer."""
