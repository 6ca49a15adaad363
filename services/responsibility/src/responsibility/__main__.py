import uvicorn

from responsibility.bootstrap import bootstrap
from responsibility.settings import ResponsibilitySettings

settings = ResponsibilitySettings()
uvicorn.run(bootstrap(settings), host=settings.host, port=settings.port, log_config=None)
