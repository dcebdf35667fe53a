# expect: accepted
from tensorflow.keras.layers import InputLayer, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(InputLayer(shape=(3, 2)))
model.add(SimpleRNN(4, return_sequences=True))
