# expect: accepted
from tensorflow.keras.layers import Input, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential([Input(shape=(3, 2))])
for last in (False, False, True):
    model.add(SimpleRNN(4, return_sequences=not last))
