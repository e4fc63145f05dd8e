"""Reliable messaging over RabbitMQ: topology, transactional outbox and relay, inbox, consumer runner."""
