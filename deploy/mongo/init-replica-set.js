// Initialise the single-node replica set `rs0` and report whether it can take writes.
//
// Run by the `mongo` service's healthcheck in docker-compose.yml (mongosh --quiet --norc <this file>):
// - first runs: the set is not initiated yet, so initiate it; exit 1 until an election makes this node primary;
// - afterwards: rs.status() succeeds and the check just confirms that this node is the writable primary.
// Idempotent, so it is safe on every healthcheck tick, after restarts and with an existing data volume.
// Transactions (the outbox) need a replica set, hence a one-member set rather than a standalone server.
//
// The member's host must be the name the services use (MONGODB_URL=mongodb://mongo:27017/?replicaSet=rs0),
// because drivers connect to the hosts the set advertises. Override with THIDUA_MONGO_RS_HOST if needed.

const replicaSetName = 'rs0';
const memberHost = process.env.THIDUA_MONGO_RS_HOST || 'mongo:27017';

let initiated = true;
try {
  rs.status();
} catch (error) {
  if (error.codeName !== 'NotYetInitialized') {
    throw error; // the server is not answering properly: let the check fail with the reason
  }
  initiated = false;
}

if (!initiated) {
  try {
    rs.initiate({ _id: replicaSetName, members: [{ _id: 0, host: memberHost }] });
    print(`initiated replica set ${replicaSetName} with member ${memberHost}`);
  } catch (error) {
    if (error.codeName !== 'AlreadyInitialized') {
      throw error; // a concurrent tick may have won the race; anything else is a real failure
    }
  }
}

if (!db.hello().isWritablePrimary) {
  print(`replica set ${replicaSetName}: waiting for this node to become primary`);
  quit(1);
}
