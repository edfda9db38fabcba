-- One database per service; the application user (MYSQL_USER, created by the image's entrypoint
-- before this script runs) gets all privileges on them and nothing else.
CREATE DATABASE IF NOT EXISTS control;
CREATE DATABASE IF NOT EXISTS collector;
CREATE DATABASE IF NOT EXISTS alerting;
CREATE DATABASE IF NOT EXISTS notification;
GRANT ALL PRIVILEGES ON control.* TO 'pvepanel'@'%';
GRANT ALL PRIVILEGES ON collector.* TO 'pvepanel'@'%';
GRANT ALL PRIVILEGES ON alerting.* TO 'pvepanel'@'%';
GRANT ALL PRIVILEGES ON notification.* TO 'pvepanel'@'%';
FLUSH PRIVILEGES;
