from services.common.migrations_env import run_migrations
from services.reporting.models import Base

run_migrations(Base.metadata)
