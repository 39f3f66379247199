"""Loading and checking the offline lessons kept in resources/lessons."""
