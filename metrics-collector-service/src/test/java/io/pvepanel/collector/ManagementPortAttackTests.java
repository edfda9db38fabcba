package io.pvepanel.collector;

import io.pvepanel.testsupport.ActuatorContract;
import io.pvepanel.testsupport.ApiDocsContract;

class ManagementPortAttackTests extends CollectorIntegrationTest
    implements ActuatorContract, ApiDocsContract {}
