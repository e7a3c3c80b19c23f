"""Claims, stance, certainty and genre: the models and scorers behind the claims/stance/genre stages."""
