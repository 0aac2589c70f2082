from services.common.migrations_env import run_migrations
from services.reporting.adapters.models import Base

run_migrations(Base.metadata)
