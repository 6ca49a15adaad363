import uvicorn

from notification.bootstrap import bootstrap
from notification.settings import NotificationSettings

settings = NotificationSettings()
uvicorn.run(bootstrap(settings), host=settings.host, port=settings.port, log_config=None)
