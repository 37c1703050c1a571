"""Build, validate and publish the Southend scrutiny warehouse."""
