/** pages/api-only fixture (issue 17); defaults everywhere (trailingSlash false, no basePath). */
export default { typescript: { ignoreBuildErrors: true } }
