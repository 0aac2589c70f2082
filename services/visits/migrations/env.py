from services.common.migrations_env import run_migrations
from services.visits.adapters.models import Base

run_migrations(Base.metadata)
